-- 0184_one_front_door_per_area.pg.sql — PostgreSQL's twin of
-- 0184_one_front_door_per_area.sql (read it for why): the same partial unique
-- index, one local authority children's services agency an area. A database
-- that already has two for one area is refused, unchanged.
CREATE UNIQUE INDEX agencies_one_front_door ON agencies (la_code) WHERE type = 'local_authority';
