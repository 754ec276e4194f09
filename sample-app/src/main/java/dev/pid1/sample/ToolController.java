package dev.pid1.sample;

import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Shells out, as services do to run a tool: starts short-lived child processes at once,
 * each exiting with a known code ({@code i % 256}), and reports the exit codes
 * {@link Process#waitFor()} saw. A JVM that is PID 1 reaps orphans too, and a careless
 * reaper would steal these children's exit codes (they would read 0).
 *
 * @author pid1 authors
 */
@RestController
@RequestMapping("/tools")
class ToolController {

	private static final int MAX_CHILDREN = 500;

	/**
	 * Runs {@code sh -c 'exit i % 256'} for each {@code i} below {@code count}, all at
	 * once.
	 * @param count how many children, at most 500
	 * @return the exit codes, in order
	 * @throws IOException if a child cannot start
	 * @throws InterruptedException if interrupted
	 */
	@GetMapping("/exit-codes")
	Map<String, Object> exitCodes(@RequestParam(defaultValue = "100") int count)
			throws IOException, InterruptedException {
		int n = Math.min(Math.max(count, 1), MAX_CHILDREN);
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
