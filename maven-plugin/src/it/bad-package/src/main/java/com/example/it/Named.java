package com.example.it;

import dev.threadproof.annotations.ThreadSafety;

/** Immutable: the one class of this project, in a package the plugin's configuration misspells. */
@ThreadSafety(level = ThreadSafety.Level.IMMUTABLE)
public final class Named {
}
