-- 0187_bank_holidays_generation.pg.sql — PostgreSQL's twin of
-- 0187_bank_holidays_generation.sql (read it for why): the one row counting
-- the imports of bank holidays, whose lock serialises them.
CREATE TABLE bank_holidays_generation (
	id BIGINT PRIMARY KEY CHECK (id = 1),
	generation BIGINT NOT NULL CHECK (generation >= 0)
);
INSERT INTO bank_holidays_generation (id, generation) VALUES (1, 0);
