-- 0033_users_by_name.sql — the administrator's list of user accounts, by
-- name, read a page at a time (router/page.h) through this index.
CREATE INDEX users_by_name ON users (name, id);
