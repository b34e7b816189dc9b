package org.hares.data.hares;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.hares.data.DatasetLayoutException;

/** Metadata tables read with Apache Commons CSV, with errors that name the file, line and column. */
final class Csv {

    static final CSVFormat COMMA = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true)
            .setIgnoreSurroundingSpaces(true).setIgnoreEmptyLines(true).setAllowMissingColumnNames(true).get();
    static final CSVFormat TAB = CSVFormat.TDF.builder().setHeader().setSkipHeaderRecord(true)
            .setIgnoreEmptyLines(true).get();

    /** One data row: values by column name, with its (last) physical line number for messages. */
    record Row(Path file, CSVRecord record, long line) {
        String get(String column) {
            return record.get(column).trim();
        }

        DatasetLayoutException error(String problem) {
            return new DatasetLayoutException(file, "line " + line() + ": " + problem);
        }
    }

    private Csv() {
    }

    /** Streams the rows of a headed table after checking that every required column is present. */
    static void read(Path file, CSVFormat format, List<String> required, Consumer<Row> rows) {
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8);
             CSVParser parser = open(file, in, format)) {
            Map<String, Integer> header = parser.getHeaderMap();
            for (String column : required) {
                if (header == null || !header.containsKey(column)) {
                    throw new DatasetLayoutException(file, "missing column '" + column + "' (expected columns "
                            + required + ", found " + (header == null ? "no header" : header.keySet()) + ")");
                }
            }
            int width = header.size();
            for (CSVRecord r : parser) {
                Row row = new Row(file, r, parser.getCurrentLineNumber());
                if (r.size() != width) {
                    throw row.error("has " + r.size() + " fields, the header has " + width);
                }
                rows.accept(row);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        } catch (UncheckedIOException e) {
            throw new DatasetLayoutException(file, "malformed table: " + e.getCause().getMessage(), e);
        }
    }

    private static CSVParser open(Path file, BufferedReader in, CSVFormat format) throws IOException {
        try {
            return CSVParser.builder().setReader(in).setFormat(format).get();
        } catch (IllegalArgumentException e) {
            throw new DatasetLayoutException(file, "malformed header: " + e.getMessage(), e);
        }
    }

    /** Streams the records of a headerless table (fields by position). */
    static void readRecords(Path file, CSVFormat format, Consumer<Row> rows) {
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8);
             CSVParser parser = CSVParser.builder().setReader(in).setFormat(format).get()) {
            for (CSVRecord r : parser) {
                rows.accept(new Row(file, r, parser.getCurrentLineNumber()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        } catch (UncheckedIOException e) {
            throw new DatasetLayoutException(file, "malformed table: " + e.getCause().getMessage(), e);
        }
    }

    /** The lines of a plain list file (blank lines dropped, surrounding space trimmed). */
    static List<String> lines(Path file) {
        try (var s = Files.lines(file, StandardCharsets.UTF_8)) {
            return s.map(String::trim).filter(l -> !l.isEmpty()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
