package dev.pid1.reaping;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

import org.jspecify.annotations.Nullable;

/**
 * Micrometer meters of the {@link ZombieReaper}: {@code pid1.reaper.reaped},
 * {@code pid1.reaper.zombies}, {@code pid1.reaper.zombies.peak} and
 * {@code pid1.reaper.active}; and of the {@link DescendantTerminator}:
 * {@code pid1.reaper.children.terminated} and {@code pid1.reaper.children.killed}.
 *
 * @author pid1 authors
 */
public class ReaperMeterBinder implements MeterBinder {

	private final ZombieReaper reaper;

	private final @Nullable DescendantTerminator terminator;

	/**
	 * Creates the binder.
	 * @param reaper the reaper
	 * @param terminator the descendant terminator, {@code null} for no
	 * {@code pid1.reaper.children.*} meters
	 */
	public ReaperMeterBinder(ZombieReaper reaper, @Nullable DescendantTerminator terminator) {
		this.reaper = reaper;
		this.terminator = terminator;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		if (this.reaper.settings().mode() == ReaperMode.OFF) {
			return;
		}
		FunctionCounter.builder("pid1.reaper.reaped", this.reaper, (reaper) -> reaper.status().reaped())
			.description("Zombies reaped by pid1")
			.register(registry);
		Gauge.builder("pid1.reaper.zombies", this.reaper, (reaper) -> reaper.status().zombies())
			.description("Zombies waiting to be reaped at the reaper's last look")
			.register(registry);
		Gauge.builder("pid1.reaper.zombies.peak", this.reaper, (reaper) -> reaper.status().peakZombies())
			.description("The most zombies seen at once")
			.register(registry);
		Gauge.builder("pid1.reaper.active", this.reaper, (reaper) -> reaper.isActive() ? 1 : 0)
			.description("1 when pid1 reaps (PID 1 or child subreaper), 0 otherwise")
			.register(registry);
		if (this.terminator == null) {
			return;
		}
		FunctionCounter
			.builder("pid1.reaper.children.terminated", this.terminator,
					(terminator) -> terminator.totals().terminated())
			.description("Descendants that ended after SIGTERM at shutdown")
			.register(registry);
		FunctionCounter
			.builder("pid1.reaper.children.killed", this.terminator, (terminator) -> terminator.totals().killed())
			.description("Descendants SIGKILLed after the grace at shutdown")
			.register(registry);
	}

}
