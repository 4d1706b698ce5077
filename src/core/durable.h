/*
 * durable.h — writing a file so that it survives a power cut: every byte
 * written and flushed before the file is closed, and after a rename the
 * folder flushed too, since a new name survives only then.
 *
 * One way for every file Haven keeps beside its database (the documents'
 * sealed files, the kept annual report PDFs); the database's own files are
 * the store's. Thread-safe; errno says why when an answer is false.
 */
#ifndef HAVEN_CORE_DURABLE_H
#define HAVEN_CORE_DURABLE_H

#include <stdbool.h>
#include <stddef.h>

/* Writes data[0..len) to `fd` (again after an interrupted write) and fsyncs it; false if any of it failed.
 * The caller closes fd (and checks that close too). */
bool durable_write(int fd, const void *data, size_t len);

/* Fsyncs the folder `folder`, so the names of the files renamed into it are durable. */
bool durable_folder(const char *folder);

/* Fsyncs the folder holding `path` ("." when path names no folder). */
bool durable_folder_of(const char *path);

#endif
