package org.hares.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.hares.audio.AudioDecodeException;
import org.hares.audio.AudioReader;
import org.hares.eval.DemoSuite;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Audio read through Hadoop's FileSystem: in place when local, else through a temporary copy. */
class HadoopFilesTest {

    @TempDir
    Path tmp;

    final Configuration conf = new Configuration();

    @Test
    void aCopiedFileDecodesLikeTheOriginalAndIsDeletedAfterwards() throws Exception {
        Path wav = DemoSuite.locate().resolve("nsynth/nsynth-test/audio");
        try (var files = Files.list(wav)) {
            wav = files.sorted().findFirst().orElseThrow();
        }
        Path copy;
        try (HadoopFiles.Local local = HadoopFiles.fetch("file://" + wav, conf, true)) {
            copy = local.path();
            assertThat(copy).isNotEqualTo(wav).isRegularFile();
            assertThat(copy.toString()).endsWith(".wav");
            assertThat(Files.mismatch(copy, wav)).isEqualTo(-1L);
            assertThat(AudioReader.read(copy, 16000).samples()).containsExactly(AudioReader.read(wav, 16000).samples());
        }
        assertThat(copy).doesNotExist();
        try (HadoopFiles.Local local = HadoopFiles.fetch(wav.toString(), conf)) {
            assertThat(local.path()).isEqualTo(wav);
        }
        assertThat(wav).isRegularFile();
    }

    @Test
    void aMissingRemoteFileIsADecodeErrorNamingItsUri() {
        String uri = "file://" + tmp.resolve("absent.flac");
        assertThatThrownBy(() -> HadoopFiles.fetch(uri, conf, true)).isInstanceOf(AudioDecodeException.class)
                .hasMessageContaining("absent.flac").hasMessageEndingWith("file not found");
    }

    @Test
    void textIsWrittenAtomicallyAndReadBack() {
        String uri = tmp.resolve("out/job.json").toString();
        HadoopFiles.writeString(uri, "{\"a\": 1}\n", conf);
        assertThat(HadoopFiles.readString(uri, conf)).isEqualTo("{\"a\": 1}\n");
        HadoopFiles.writeString(uri, "{\"a\": 2}\n", conf);
        assertThat(HadoopFiles.readString(uri, conf)).isEqualTo("{\"a\": 2}\n");
        assertThat(tmp.resolve("out").toFile().list()).allMatch(n -> n.equals("job.json") || n.startsWith("."));
    }
}
