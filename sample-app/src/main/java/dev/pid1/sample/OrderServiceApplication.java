package dev.pid1.sample;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A small order service: the kind of Spring MVC app that runs in a container as PID 1. It
 * knows nothing of pid1; the starter on its classpath does the rest.
 *
 * @author pid1 authors
 */
@SpringBootApplication
public class OrderServiceApplication {

	public static void main(String[] args) {
		SpringApplication.run(OrderServiceApplication.class, args);
	}

}
