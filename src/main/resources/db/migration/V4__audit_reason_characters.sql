-- A reason is at most 500 characters (code points). H2 counts a VARCHAR's length in UTF-16
-- units, where a character outside the Basic Multilingual Plane (an emoji) takes two.
ALTER TABLE audit_record ALTER COLUMN reason SET DATA TYPE VARCHAR(1000);
