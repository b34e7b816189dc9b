package org.hares.data.hares;

/** Integer fields of metadata rows, with errors naming the file, line, column and value. */
final class Numbers {

    private Numbers() {
    }

    static int intIn(Csv.Row row, String column, int min, int max) {
        String text = row.get(column);
        int v;
        try {
            v = Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw row.error("column '" + column + "': expected an integer, found '" + text + "'");
        }
        if (v < min || v > max) {
            throw row.error("column '" + column + "': expected " + min + " to " + max + ", found " + v);
        }
        return v;
    }
}
