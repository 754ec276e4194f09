package dev.pid1.compat.grpc;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * An order service that speaks gRPC (Spring Boot 4.1's gRPC server, grpc-java on Netty)
 * on its own port beside an HTTP server with the actuator, or alone with the
 * {@code grpc-only} profile. It knows nothing of pid1; the starter on its classpath does
 * the rest.
 *
 * @author pid1 authors
 */
@SpringBootApplication
public class GrpcOrderServiceApplication {

	public static void main(String[] args) {
		SpringApplication.run(GrpcOrderServiceApplication.class, args);
	}

}
