package io.runctl.run;

/**
 * Where every control request is recorded before it is answered: the audit trail. A
 * control action is performed only after its attempt was written; when a record cannot be
 * written the caller gets {@code 503} and nothing happens unaudited.
 */
public interface ControlJournal {

	/**
	 * Writes a record.
	 * @return the record's id, to {@link #complete} an attempt
	 * @throws RuntimeException when it cannot be written
	 */
	long write(ControlRecord record);

	/**
	 * Completes the attempt record with this id with the outcome.
	 * @throws RuntimeException when it cannot be written
	 */
	void complete(long id, ControlRecord record);

}
