-- Permanent topic values moved to the broker's durable store (<data-dir>/store), where they are
-- written in the same synced batch as the message that set them.
DROP TABLE permanent_values;
