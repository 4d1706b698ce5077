/*
 * sqlite_checkpoint.h — the WAL's checkpoints off the writer's request path
 * (sqlite_checkpoint.c): started with the writer's connection, stopped
 * before it closes.
 */
#ifndef HAVEN_STORE_SQLITE_CHECKPOINT_H
#define HAVEN_STORE_SQLITE_CHECKPOINT_H

struct sqlite3;

/* Starts the checkpointer for the writer's connection `writer` to `path`; without one (logged) the writer
 * checkpoints itself. */
void sqlite_checkpointer_start(struct sqlite3 *writer, const char *path);
/* Stops the checkpointer, if `writer` has one; before `writer` closes. */
void sqlite_checkpointer_stop(struct sqlite3 *writer);

#endif
