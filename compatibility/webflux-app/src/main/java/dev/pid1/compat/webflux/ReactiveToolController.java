package dev.pid1.compat.webflux;

import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Shells out, as the sample app's {@code ToolController} does: starts short-lived child
 * processes at once, each exiting with a known code ({@code i % 256}), and reports the
 * exit codes {@link Process#waitFor()} saw. The waiting blocks, so it runs on the bounded
 * elastic scheduler, off the event loop.
 *
 * @author pid1 authors
 */
@RestController
@RequestMapping("/tools")
class ReactiveToolController {

	private static final int MAX_CHILDREN = 500;

	/**
	 * Runs {@code sh -c 'exit i % 256'} for each {@code i} below {@code count}, all at
	 * once.
	 * @param count how many children, at most 500
	 * @return the exit codes, in order
	 */
	@GetMapping("/exit-codes")
	Mono<Map<String, Object>> exitCodes(@RequestParam(defaultValue = "100") int count) {
		int n = Math.min(Math.max(count, 1), MAX_CHILDREN);
		return Mono.fromCallable(() -> run(n)).subscribeOn(Schedulers.boundedElastic());
	}

	private static Map<String, Object> run(int n) throws IOException, InterruptedException {
		List<Process> children = new ArrayList<>(n);
		for (int i = 0; i < n; i++) {
			Process child = new ProcessBuilder("sh", "-c", "exit " + (i % 256)).redirectOutput(Redirect.DISCARD)
				.redirectError(Redirect.DISCARD)
				.start();
			child.getOutputStream().close();
			children.add(child);
		}
		List<Integer> codes = new ArrayList<>(n);
		for (Process child : children) {
			codes.add(child.waitFor());
		}
		return Map.of("count", n, "exitCodes", codes);
	}

}
