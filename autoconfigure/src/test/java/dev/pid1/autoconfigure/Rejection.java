package dev.pid1.autoconfigure;

import java.util.List;

import org.springframework.boot.context.properties.bind.validation.BindValidationException;
import org.springframework.boot.test.context.assertj.ApplicationContextAssertProvider;
import org.springframework.validation.FieldError;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A property the validation rejected, as Spring Boot's startup failure report shows it:
 * the property, the value and the reason.
 *
 * @param property the property's name
 * @param value the value as the report shows it
 * @param reason what is accepted
 * @author pid1 authors
 */
record Rejection(String property, Object value, String reason) {

	/**
	 * The rejections that made the context fail. Its root cause is the binder's
	 * {@link BindValidationException}, whose message names each of them: the property (as
	 * object {@code pid1} and field {@code reaper.grace}), the value and the reason.
	 * @param context the failed context
	 * @return the rejections
	 */
	static List<Rejection> of(ApplicationContextAssertProvider<?> context) {
		assertThat(context).hasFailed();
		assertThat(context).getFailure().rootCause().isInstanceOf(BindValidationException.class);
		Throwable failure = context.getStartupFailure();
		while (!(failure instanceof BindValidationException)) {
			failure = failure.getCause();
		}
		BindValidationException validation = (BindValidationException) failure;
		return validation.getValidationErrors()
			.getAllErrors()
			.stream()
			.map((error) -> (FieldError) error)
			.peek((error) -> assertThat(validation.getMessage()).as("the root cause's message")
				.contains("object '" + error.getObjectName() + "' on field '" + error.getField() + "'")
				.contains("rejected value [" + error.getRejectedValue() + "]")
				.contains(error.getDefaultMessage()))
			.map((error) -> new Rejection(error.getObjectName() + "." + error.getField(), error.getRejectedValue(),
					error.getDefaultMessage()))
			.toList();
	}

	/**
	 * The one rejection that made the context fail.
	 * @param context the failed context
	 * @return the rejection
	 */
	static Rejection single(ApplicationContextAssertProvider<?> context) {
		List<Rejection> rejections = of(context);
		assertThat(rejections).hasSize(1);
		return rejections.get(0);
	}

}
