package org.hares.spark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.hadoop.util.HadoopOutputFile;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;

/**
 * The job's two Parquet tables, written by the executors one file per partition: {@code embeddings}
 * (one row per window) and {@code errors} (one row per clip that failed). Lists use Parquet's
 * standard three-level layout, which Spark reads as {@code array<int>} and {@code array<float>}.
 */
final class EmbeddingTable {

    static final String EMBEDDINGS = "embeddings";
    static final String ERRORS = "errors";
    static final String COMMITTED = "_committed";

    private static final String CLIP_FIELDS = """
              required binary task (STRING);
              required binary variant (STRING);
              required binary split (STRING);
              required int32 fold;
              required int32 clip_index;
              required binary clip (STRING);
              required binary file (STRING);
              required binary role (STRING);
              required group labels (LIST) { repeated group list { required int32 element; } }
            """;

    static final MessageType EMBEDDINGS_SCHEMA = MessageTypeParser.parseMessageType("message hares_embedding {\n" + CLIP_FIELDS + """
              required int32 window;
              required int64 window_start;
              required group embedding (LIST) { repeated group list { required float element; } }
              required binary model (STRING);
            }
            """);

    static final MessageType ERRORS_SCHEMA = MessageTypeParser.parseMessageType("message hares_error {\n" + CLIP_FIELDS + """
              required binary message (STRING);
            }
            """);

    private final MessageType schema;
    private final ParquetWriter<Group> writer;
    private final SimpleGroupFactory groups;
    private final PartitionPlan plan;
    private final String variantName;

    private EmbeddingTable(MessageType schema, Path file, Configuration conf, PartitionPlan plan) {
        this.schema = schema;
        this.plan = plan;
        this.variantName = plan.ref().variant();
        this.groups = new SimpleGroupFactory(schema);
        try {
            this.writer = ExampleParquetWriter.builder(HadoopOutputFile.fromPath(file, conf)).withConf(conf).withType(schema)
                    .withCompressionCodec(CompressionCodecName.SNAPPY).withWriteMode(ParquetFileWriter.Mode.OVERWRITE).build();
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot write: " + e.getMessage(), e);
        }
    }

    static EmbeddingTable embeddings(Path file, Configuration conf, PartitionPlan plan) {
        return new EmbeddingTable(EMBEDDINGS_SCHEMA, file, conf, plan);
    }

    static EmbeddingTable errors(Path file, Configuration conf, PartitionPlan plan) {
        return new EmbeddingTable(ERRORS_SCHEMA, file, conf, plan);
    }

    /** One window of a clip: {@code embedding[from, from + dim)}. */
    void window(ClipRow clip, int window, long start, float[] embedding, int from, int dim, String model) {
        Group g = clipFields(clip);
        g.append("window", window).append("window_start", start);
        Group list = g.addGroup("embedding");
        for (int k = from; k < from + dim; k++) {
            list.addGroup("list").append("element", embedding[k]);
        }
        g.append("model", model);
        write(g);
    }

    void error(ClipRow clip, String message) {
        write(clipFields(clip).append("message", message));
    }

    void close() {
        try {
            writer.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot finish a Parquet file: " + e.getMessage(), e);
        }
    }

    private Group clipFields(ClipRow clip) {
        Group g = groups.newGroup().append("task", plan.ref().id()).append("variant", variantName)
                .append("split", clip.split().id()).append("fold", clip.fold())
                .append("clip_index", clip.index()).append("clip", clip.id()).append("file", clip.file())
                .append("role", PartitionPlan.roleName(plan.role()));
        Group labels = g.addGroup("labels");
        for (int label : clip.labels()) {
            labels.addGroup("list").append("element", label);
        }
        return g;
    }

    private void write(Group g) {
        try {
            writer.write(g);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write a Parquet row of " + schema.getName() + ": " + e.getMessage(), e);
        }
    }

    /** Columns every clip-level query of {@code spark eval} reads. */
    static final List<String> CLIP_COLUMNS = List.of("clip_index", "clip", "file", "split", "fold", "labels");
}
