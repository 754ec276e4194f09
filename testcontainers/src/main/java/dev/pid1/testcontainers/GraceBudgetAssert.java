package dev.pid1.testcontainers;

import org.assertj.core.api.AbstractAssert;

/**
 * Assertions on a grace budget.
 *
 * @author pid1 authors
 */
public class GraceBudgetAssert extends AbstractAssert<GraceBudgetAssert, GraceBudget> {

	GraceBudgetAssert(GraceBudget actual) {
		super(actual, GraceBudgetAssert.class);
	}

	/**
	 * The longest shutdown fits the grace period, and pid1's deadline comes before it.
	 * @return this
	 */
	public GraceBudgetAssert fits() {
		isNotNull();
		if (!this.actual.problems().isEmpty()) {
			failWithMessage("%s", String.join("\n", this.actual.problems()));
		}
		return this;
	}

}
