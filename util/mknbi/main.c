/*
 * util/mknbi: one program, named by its entry: mknbi-linux, mkelf-linux,
 * mknbi-rom, nbiinfo (argv[0]'s last component), or "mknbi TOOL ARGS".
 */
#include "util/mknbi/mknbi.h"
#include <stdio.h>
#include <string.h>

static int run(const char *name, int argc, char **argv)
{
	if (strcmp(name, "mknbi-linux") == 0 || strcmp(name, "linux") == 0)
		return mknbi_linux(argc, argv, 0);
	if (strcmp(name, "mkelf-linux") == 0 || strcmp(name, "elf-linux") == 0)
		return mknbi_linux(argc, argv, 1);
	if (strcmp(name, "mknbi-rom") == 0 || strcmp(name, "rom") == 0)
		return mknbi_rom(argc, argv);
	if (strcmp(name, "nbiinfo") == 0 || strcmp(name, "info") == 0)
		return nbiinfo(argc, argv);
	return -1;
}

int main(int argc, char **argv)
{
	const char *name = argc ? strrchr(argv[0], '/') : NULL;

	name = name ? name + 1 : argc ? argv[0] : "mknbi";
	int rc = run(name, argc, argv);

	if (rc >= 0)
		return rc;
	if (argc < 2 || strcmp(argv[1], "--help") == 0)
		usage("mknbi", argc < 2 ? 2 : 0);
	rc = run(argv[1], argc - 1, argv + 1);
	if (rc >= 0)
		return rc;
	fprintf(stderr, "mknbi: unknown tool \"%s\"\n", argv[1]);
	usage("mknbi", 2);
}
