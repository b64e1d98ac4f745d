package com.example.inventory;

/** Thread-safe (stateless): item names as URL slugs. */
public final class Slugs {
    private Slugs() {
    }

    /** Thread-safe: letters and digits kept (lower-cased), every other run of chars one '-'. */
    public static String slug(String name) {
        StringBuilder b = new StringBuilder();
        boolean dash = false;
        for (int i = 0; i < name.length(); ) {
            int cp = name.codePointAt(i);
            i += Character.charCount(cp);
            if (Character.isLetterOrDigit(cp)) {
                b.appendCodePoint(Character.toLowerCase(cp));
                dash = false;
            } else if (!dash && b.length() > 0) {
                b.append('-');
                dash = true;
            }
        }
        return b.toString();
    }
}
