/**
 * The system calls of the Linux platform, bound by the foreign function and memory API
 * (Java 22+), without JNA. Compiled with {@code --release 22}: loaded only on Java 22+.
 */
@NullMarked
package dev.pid1.platform.ffm;

import org.jspecify.annotations.NullMarked;
