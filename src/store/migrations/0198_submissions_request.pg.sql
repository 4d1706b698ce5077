-- 0198_submissions_request.pg.sql — PostgreSQL's twin of 0198_submissions_request.sql (read it for why).
ALTER TABLE submissions ADD COLUMN request_hash bytea;
