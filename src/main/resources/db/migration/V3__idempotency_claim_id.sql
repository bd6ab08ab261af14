-- Which claim a row belongs to: an answer or a release counts only for the claim that was
-- granted, so a request that outlived its claim (abandoned after the in-flight timeout and
-- claimed again by a retry) cannot overwrite or release the new claim. Random, 32 hex digits;
-- null only on rows claimed before this column existed.
ALTER TABLE idempotency_key ADD COLUMN claim_id CHAR(32);
