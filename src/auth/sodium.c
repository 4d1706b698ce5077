/*
 * sodium.c — libsodium started once (see sodium.h).
 */
#include "auth/sodium.h"

#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>

static pthread_once_t sodium_once = PTHREAD_ONCE_INIT;

static void start(void)
{
	/* idempotent, but must run before any other libsodium call */
	if (sodium_init() < 0) {
		fprintf(stderr, "haven: libsodium failed to initialise\n");
		abort();
	}
}

void auth_start_sodium(void)
{
	pthread_once(&sodium_once, start);
}
