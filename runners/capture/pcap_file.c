#include "runners/capture/pcap_file.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "runners/system/atomic_file.h"

static int cannot_write(const struct pcap_file *file, int why, char *error, size_t size)
{
	snprintf(error, size, "cannot write %s: %s", file->path, strerror(why));
	return -1;
}

int pcap_file_open(struct pcap_file *file, pcap_t *capture, const char *path, char *error, size_t size)
{
	memset(file, 0, sizeof *file);
	snprintf(file->path, sizeof file->path, "%s", path);
	FILE *stream = atomic_file_begin(path, file->temporary, sizeof file->temporary);
	if (stream && (file->dumper = pcap_dump_fopen(capture, stream)))
		return 0;
	int why = errno ? errno : EIO;
	if (stream) {
		fclose(stream);
		unlink(file->temporary);
	}
	file->temporary[0] = '\0';
	return cannot_write(file, why, error, size);
}

void pcap_file_add(struct pcap_file *file, const struct pcap_pkthdr *header, const unsigned char *bytes)
{
	if (!file->dumper)
		return;
	errno = 0;
	pcap_dump((unsigned char *)file->dumper, header, bytes);
	if (!file->write_errno && ferror(pcap_dump_file(file->dumper)))
		file->write_errno = errno ? errno : EIO;
}

/* pcap_dump() reports nothing: a write that failed shows in the stream's
 * error flag or in the final flush. */
int pcap_file_commit(struct pcap_file *file, char *error, size_t size)
{
	if (!file->dumper)
		return 0;
	FILE *stream = pcap_dump_file(file->dumper);
	errno = 0;
	int failed = pcap_dump_flush(file->dumper) != 0 || ferror(stream);
	int why = file->write_errno ? file->write_errno : errno ? errno : EIO;
	pcap_dump_close(file->dumper);
	file->dumper = NULL;
	if (!failed && rename(file->temporary, file->path) == 0) {
		file->temporary[0] = '\0';
		return 0;
	}
	if (!failed)
		why = errno;
	unlink(file->temporary);
	file->temporary[0] = '\0';
	return cannot_write(file, why, error, size);
}

void pcap_file_discard(struct pcap_file *file)
{
	if (file->dumper)
		pcap_dump_close(file->dumper);
	file->dumper = NULL;
	if (file->temporary[0])
		unlink(file->temporary);
	file->temporary[0] = '\0';
}
