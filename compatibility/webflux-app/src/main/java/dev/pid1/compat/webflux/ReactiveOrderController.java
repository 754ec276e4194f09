package dev.pid1.compat.webflux;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import reactor.core.publisher.Mono;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Reads orders, and runs a slow report (the request that must not be cut off when the
 * container stops) without holding an event-loop thread.
 *
 * @author pid1 authors
 */
@RestController
@RequestMapping("/orders")
class ReactiveOrderController {

	private static final Duration MAX_REPORT_TIME = Duration.ofMinutes(2);

	@GetMapping
	Mono<List<Map<String, Object>>> all() {
		return Mono.just(List.of(Map.of("id", 1, "item", "espresso beans", "quantity", 2)));
	}

	/**
	 * A report that takes a while to compute, as month-end reports do.
	 * @param millis how long it takes
	 * @return the report
	 */
	@GetMapping("/report")
	Mono<Map<String, Object>> report(@RequestParam(defaultValue = "2000") long millis) {
		long delay = Math.min(Math.max(millis, 0), MAX_REPORT_TIME.toMillis());
		Instant started = Instant.now();
		return Mono.delay(Duration.ofMillis(delay))
			.map((tick) -> Map.of("startedAt", started.toString(), "tookMillis", delay));
	}

}
