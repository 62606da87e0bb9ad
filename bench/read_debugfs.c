// SPDX-License-Identifier: GPL-2.0
/*
 * read_debugfs FILE N: read FILE from the start N times with
 * open/read/close, and print "bench: debugfs_read_ns <mean ns per read>".
 * Built static by make bench and run inside the guest.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	struct timespec a, b;
	char buf[256];
	long i, n;
	int fd;

	if (argc != 3) {
		fprintf(stderr, "usage: read_debugfs FILE N\n");
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
		close(fd);
	}
	clock_gettime(CLOCK_MONOTONIC, &b);
	printf("bench: debugfs_read_ns %lld\n",
	       ((b.tv_sec - a.tv_sec) * 1000000000LL + b.tv_nsec - a.tv_nsec) / n);
	return 0;
}
