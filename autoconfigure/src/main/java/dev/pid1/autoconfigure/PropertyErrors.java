package dev.pid1.autoconfigure;

import org.jspecify.annotations.Nullable;

import org.springframework.validation.BindingResult;
import org.springframework.validation.Errors;
import org.springframework.validation.FieldError;

/**
 * Rejections of bound pid1 properties, each naming the property (in its canonical, dashed
 * form), the value as pid1 writes it, and what is accepted. Spring Boot's startup failure
 * analysis prints them as {@code Property}, {@code Value} and {@code Reason}.
 *
 * @author pid1 authors
 */
final class PropertyErrors {

	private final Errors errors;

	PropertyErrors(Errors errors) {
		this.errors = errors;
	}

	/**
	 * Rejects the value unless the range accepts it.
	 * @param <T> the property's type
	 * @param range the range
	 * @param value the bound value
	 * @return whether it was accepted
	 */
	<T extends Comparable<? super T>> boolean check(PropertyRange<T> range, @Nullable T value) {
		return check(range, range.name(), value);
	}

	/**
	 * Rejects the value of a property that shares the range (an entry of a map) unless
	 * the range accepts it.
	 * @param <T> the property's type
	 * @param range the range
	 * @param name the property's name
	 * @param value the bound value
	 * @return whether it was accepted
	 */
	<T extends Comparable<? super T>> boolean check(PropertyRange<T> range, String name, @Nullable T value) {
		if (range.accepts(value)) {
			return true;
		}
		reject(name, (value != null) ? range.format(value) : null, "must be " + range.accepted());
		return false;
	}

	/**
	 * Rejects a value.
	 * @param name the property's name, such as {@code pid1.reaper.grace}
	 * @param value the value as pid1 writes it, or {@code null} when unset
	 * @param reason what is accepted, such as {@code must be from 100 ms to 60 s}
	 */
	void reject(String name, @Nullable Object value, String reason) {
		String objectName = this.errors.getObjectName();
		String field = name.startsWith(objectName + ".") ? name.substring(objectName.length() + 1) : name;
		if (this.errors instanceof BindingResult result) {
			// Not rejectValue: its field would have to be a bean path (drainMin) and its
			// value the bound object (PT0.005S), where users write drain-min=5ms.
			result.addError(new FieldError(objectName, field, value, false, null, null, reason));
		}
		else {
			this.errors.reject("pid1.invalid", name + "=" + value + ": " + reason);
		}
	}

}
