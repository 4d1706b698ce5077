/*
 * backup_command.h — `haven backup` and `haven restore`: a consistent copy
 * of a live database, and putting one back with its audit trail checked.
 */
#ifndef HAVEN_APP_BACKUP_COMMAND_H
#define HAVEN_APP_BACKUP_COMMAND_H

extern const char backup_usage[], restore_usage[];

int cmd_backup(int argc, char **argv);
int cmd_restore(int argc, char **argv);

#endif
