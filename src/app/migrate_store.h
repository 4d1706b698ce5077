/*
 * migrate_store.h — `haven migrate-store`: a partnership's SQLite database
 * copied into a new PostgreSQL database, checked table by table and by its
 * audit trail (issue 21).
 */
#ifndef HAVEN_APP_MIGRATE_STORE_H
#define HAVEN_APP_MIGRATE_STORE_H

extern const char migrate_store_usage[];

int cmd_migrate_store(int argc, char **argv);

#endif
