/**
 * A gRPC service on Spring Boot 4.1's gRPC server for the compatibility matrix.
 */
@NullMarked
package dev.pid1.compat.grpc;

import org.jspecify.annotations.NullMarked;
