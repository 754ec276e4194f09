package dev.pid1.compat.webflux;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The sample app's order service written for WebFlux on Reactor Netty. It knows nothing
 * of pid1; the starter on its classpath does the rest.
 *
 * @author pid1 authors
 */
@SpringBootApplication
public class ReactiveOrderServiceApplication {

	public static void main(String[] args) {
		SpringApplication.run(ReactiveOrderServiceApplication.class, args);
	}

}
