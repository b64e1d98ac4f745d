package com.example.inventory;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SlugsTest {
    /** Names as they arrive from a user's import: lone surrogates, NUL, control characters, separators. */
    @ParameterizedTest
    @ValueSource(strings = {"\uD834 lone high", "lone low \uDD1E", "nul\u0000inside", "bell\u0007 and del\u007F",
        "line\u2028sep", "\uFEFFbom", "Crème Brûlée \uD83D\uDE00"})
    void slugIsStableAndClean(String name) {
        String slug = Slugs.slug(name);
        assertEquals(slug, Slugs.slug(slug));
        assertEquals(-1, slug.indexOf('\u0000'));
    }
}
