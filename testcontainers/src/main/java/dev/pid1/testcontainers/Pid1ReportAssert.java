package dev.pid1.testcontainers;

import java.time.Duration;
import java.util.function.Consumer;

import org.assertj.core.api.AbstractAssert;

/**
 * Assertions on every outcome of a check, delegating to the assertion of each part.
 *
 * @author pid1 authors
 */
public class Pid1ReportAssert extends AbstractAssert<Pid1ReportAssert, Pid1Report> {

	Pid1ReportAssert(Pid1Report actual) {
		super(actual, Pid1ReportAssert.class);
	}

	/**
	 * See {@link StartupReportAssert#isGraceful()}.
	 * @return this
	 */
	public Pid1ReportAssert isGraceful() {
		return startup(StartupReportAssert::isGraceful);
	}

	/**
	 * See {@link StartupReportAssert#hasVerdict(Verdict)}.
	 * @param verdict the verdict
	 * @return this
	 */
	public Pid1ReportAssert hasVerdict(Verdict verdict) {
		return startup((startup) -> startup.hasVerdict(verdict));
	}

	/**
	 * See {@link TerminationReportAssert#lostNoRequests()}.
	 * @return this
	 */
	public Pid1ReportAssert lostNoRequests() {
		return termination(TerminationReportAssert::lostNoRequests);
	}

	/**
	 * See {@link TerminationReportAssert#exitedWith(int)}.
	 * @param exitCode the exit code
	 * @return this
	 */
	public Pid1ReportAssert exitedWith(int exitCode) {
		return termination((termination) -> termination.exitedWith(exitCode));
	}

	/**
	 * See {@link TerminationReportAssert#exitedWithin(Duration)}.
	 * @param limit the limit
	 * @return this
	 */
	public Pid1ReportAssert exitedWithin(Duration limit) {
		return termination((termination) -> termination.exitedWithin(limit));
	}

	/**
	 * See {@link TerminationReportAssert#wasNotKilled()}.
	 * @return this
	 */
	public Pid1ReportAssert wasNotKilled() {
		return termination(TerminationReportAssert::wasNotKilled);
	}

	/**
	 * See {@link TerminationReportAssert#completedInFlightRequest()}.
	 * @return this
	 */
	public Pid1ReportAssert completedInFlightRequest() {
		return termination(TerminationReportAssert::completedInFlightRequest);
	}

	/**
	 * See {@link ReapingReportAssert#leftNoZombies()}.
	 * @return this
	 */
	public Pid1ReportAssert leftNoZombies() {
		return reaping(ReapingReportAssert::leftNoZombies);
	}

	/**
	 * See {@link ReapingReportAssert#keptChildExitCodes()}.
	 * @return this
	 */
	public Pid1ReportAssert keptChildExitCodes() {
		return reaping(ReapingReportAssert::keptChildExitCodes);
	}

	/**
	 * See {@link GraceBudgetAssert#fits()}.
	 * @return this
	 */
	public Pid1ReportAssert fitsGracePeriod() {
		isNotNull();
		if (this.actual.budget() == null) {
			failWithMessage("No grace budget was checked");
		}
		new GraceBudgetAssert(this.actual.budget()).fits();
		return this;
	}

	private Pid1ReportAssert startup(Consumer<StartupReportAssert> check) {
		isNotNull();
		check.accept(new StartupReportAssert(this.actual.startup()));
		return this;
	}

	private Pid1ReportAssert termination(Consumer<TerminationReportAssert> check) {
		isNotNull();
		if (this.actual.termination() == null) {
			failWithMessage("The container was not terminated");
		}
		check.accept(new TerminationReportAssert(this.actual.termination()));
		return this;
	}

	private Pid1ReportAssert reaping(Consumer<ReapingReportAssert> check) {
		isNotNull();
		if (this.actual.reaping() == null) {
			failWithMessage("No orphan storm was run: give one to Pid1Kit.check(termination, OrphanStorm.of(n))");
		}
		check.accept(new ReapingReportAssert(this.actual.reaping()));
		return this;
	}

}
