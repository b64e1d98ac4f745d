package dev.threadproof.junit;

import java.util.Collection;
import java.util.Locale;
import java.util.Map;

/**
 * Thread-safe (stateless): writes JSON values for the harness's evidence and summary files, escaping every string as
 * RFC 8259 requires.
 */
final class Json {
    private Json() {
    }

    /** A JSON value for a String, Number, Boolean, Map, Collection or null. */
    static String value(Object v) {
        if (v == null) {
            return "null";
        }
        if (v instanceof Number || v instanceof Boolean) {
            return v.toString();
        }
        if (v instanceof Map) {
            StringBuilder b = new StringBuilder("{");
            for (Map.Entry<?, ?> e : ((Map<?, ?>) v).entrySet()) {
                if (b.length() > 1) {
                    b.append(", ");
                }
                b.append(string(String.valueOf(e.getKey()))).append(": ").append(value(e.getValue()));
            }
            return b.append('}').toString();
        }
        if (v instanceof Collection) {
            StringBuilder b = new StringBuilder("[");
            for (Object o : (Collection<?>) v) {
                if (b.length() > 1) {
                    b.append(", ");
                }
                b.append(value(o));
            }
            return b.append(']').toString();
        }
        return string(v.toString());
    }

    static String string(String s) {
        StringBuilder b = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"':
                    b.append("\\\"");
                    break;
                case '\\':
                    b.append("\\\\");
                    break;
                case '\n':
                    b.append("\\n");
                    break;
                case '\r':
                    b.append("\\r");
                    break;
                case '\t':
                    b.append("\\t");
                    break;
                default:
                    if (c < 0x20) {
                        b.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
            }
        }
        return b.append('"').toString();
    }
}
