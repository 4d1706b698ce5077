-- haven: foreign keys off
-- 0050_agency_admin_role.sql — the agency administrator's role
-- ('agency_admin': invites, disables and re-enables people in their own
-- agency only).
--
-- user_roles' CHECK names every role and cannot be changed in place, so the
-- table is rebuilt (SQLite's documented procedure: new table, copy, drop,
-- rename). The first line makes store_migrate run this with foreign keys off
-- and check them before it commits: the rows are copied unchanged.
CREATE TABLE user_roles_new (
	user_id INTEGER NOT NULL REFERENCES users (id),
	role TEXT NOT NULL CHECK (role IN ('admin', 'partnership', 'practitioner', 'front_door', 'police',
	                                   'dsl', 'idva', 'scrutineer', 'agency_admin')),
	PRIMARY KEY (user_id, role)
) STRICT;

INSERT INTO user_roles_new (user_id, role) SELECT user_id, role FROM user_roles;
DROP TABLE user_roles;
ALTER TABLE user_roles_new RENAME TO user_roles;

-- An agency administrator's list of their own agency's people, by name, a
-- page at a time (auth_store_agency_user_list).
CREATE INDEX users_by_agency ON users (agency_id, name, id);
