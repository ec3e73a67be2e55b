package io.recall.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** The versioned DDL scripts the JDBC stores ship as resources, split into statements. */
public final class SqlScripts {

    private SqlScripts() {
    }

    /**
     * The statements of a script in this module, e.g. {@code /io/recall/delivery/V1__delivery_stores.sql}:
     * each ends with a {@code ;} at the end of a line; blank lines and {@code --} comment lines are skipped.
     */
    public static List<String> statements(String resource) {
        String text;
        try (InputStream in = SqlScripts.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("resource " + resource + " is missing from recall-core");
            }
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + resource, e);
        }
        List<String> out = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : text.split("\n")) {
            String l = line.strip();
            if (l.isEmpty() || l.startsWith("--")) {
                continue;
            }
            current.append(line).append('\n');
            if (l.endsWith(";")) {
                out.add(current.substring(0, current.lastIndexOf(";")));
                current.setLength(0);
            }
        }
        return out;
    }
}
