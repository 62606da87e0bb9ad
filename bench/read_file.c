// SPDX-License-Identifier: GPL-2.0
/*
 * read_file FILE N KEY: read FILE whole N times with open/read/close, and
 * print "bench: KEY <mean ns per read>".  Built static by make bench and
 * run inside the guest.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	struct timespec a, b;
	static char buf[65536];
	long i, n;
	int fd;

	if (argc != 4) {
		fprintf(stderr, "usage: read_file FILE N KEY\n");
		return 2;
	}
	n = atol(argv[2]);
	clock_gettime(CLOCK_MONOTONIC, &a);
	for (i = 0; i < n; i++) {
		fd = open(argv[1], O_RDONLY);
		if (fd < 0 || read(fd, buf, sizeof(buf)) <= 0) {
			perror(argv[1]);
			return 1;
		}
		/* Files bigger than one read: read them to the end. */
		while (read(fd, buf, sizeof(buf)) > 0)
			;
		close(fd);
	}
	clock_gettime(CLOCK_MONOTONIC, &b);
	printf("bench: %s %lld\n", argv[3],
	       ((b.tv_sec - a.tv_sec) * 1000000000LL + b.tv_nsec - a.tv_nsec) / n);
	return 0;
}
