/**
 * The Testcontainers kit: proves that an image stops without losing a request.
 */
@NullMarked
package dev.pid1.testcontainers;

import org.jspecify.annotations.NullMarked;
