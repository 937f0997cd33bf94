#include "runners/system/external_command.h"

#include "runners/system/data_directory.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* argv pointers followed by the strings, so one free() releases all. */
static char **pack(char **words, size_t count)
{
	size_t bytes = (count + 1) * sizeof(char *);
	for (size_t i = 0; i < count; i++)
		bytes += strlen(words[i]) + 1;
	char **argv = malloc(bytes);
	if (!argv)
		return NULL;
	char *text = (char *)(argv + count + 1);
	for (size_t i = 0; i < count; i++) {
		argv[i] = strcpy(text, words[i]);
		text += strlen(words[i]) + 1;
	}
	argv[count] = NULL;
	return argv;
}

static void free_words(char **words, size_t count)
{
	for (size_t i = 0; i < count; i++)
		free(words[i]);
	free(words);
}

/* Reads one word starting at *cursor into `word`; 1 a word, 0 none left, -1 unclosed quote. */
static int next_word(const char **cursor, char *word)
{
	const char *c = *cursor;
	char quote = 0;
	size_t length = 0;
	while (*c == ' ' || *c == '\t')
		c++;
	if (!*c)
		return 0;
	for (; *c && (quote || (*c != ' ' && *c != '\t')); c++) {
		if (quote && *c == quote)
			quote = 0;
		else if (!quote && (*c == '\'' || *c == '"'))
			quote = *c;
		else if (*c == '\\' && quote != '\'' && c[1])
			word[length++] = *++c;
		else
			word[length++] = *c;
	}
	word[length] = '\0';
	*cursor = c;
	return quote ? -1 : 1;
}

char **command_line_split(const char *text, char *error, size_t size)
{
	size_t count = 0;
	char **words = calloc(strlen(text) / 2 + 2, sizeof *words);
	char *word = malloc(strlen(text) + 1);
	const char *cursor = text;
	int found = 0;
	while (words && word && (found = next_word(&cursor, word)) == 1)
		words[count++] = strdup(word);
	char **argv = NULL;
	if (!words || !word)
		snprintf(error, size, "out of memory splitting '%s'", text);
	else if (found < 0)
		snprintf(error, size, "unclosed quote in the command '%s'", text);
	else if (count == 0)
		snprintf(error, size, "the command is empty");
	else if (!(argv = pack(words, count)))
		snprintf(error, size, "out of memory splitting '%s'", text);
	free(word);
	if (words)
		free_words(words, count);
	return argv;
}

static char *replace_all(const char *text, const char *name, const char *value)
{
	size_t length = strlen(text) + 1, name_length = strlen(name);
	for (const char *at = strstr(text, name); at; at = strstr(at + name_length, name))
		length += strlen(value);
	char *out = malloc(length), *write = out;
	if (!out)
		return NULL;
	for (const char *at; (at = strstr(text, name)); text = at + name_length) {
		memcpy(write, text, (size_t)(at - text));
		write = stpcpy(write + (at - text), value);
	}
	strcpy(write, text);
	return out;
}

char **command_line_substitute(const char *const *argv, const char *host, const char *port, const char *url)
{
	size_t count = 0;
	while (argv[count])
		count++;
	char **words = calloc(count + 1, sizeof *words), **out = NULL;
	size_t done = 0;
	for (; words && done < count; done++) {
		char *a = replace_all(argv[done], "{host}", host);
		char *b = a ? replace_all(a, "{port}", port) : NULL;
		char *c = b ? replace_all(b, "{url}", url) : NULL;
		words[done] = c ? replace_all(c, "{shipped}", shipped_files_directory()) : NULL;
		free(a);
		free(b);
		free(c);
		if (!words[done])
			break;
	}
	if (words && done == count)
		out = pack(words, count);
	if (words)
		free_words(words, done);
	return out;
}

int command_line_program_exists(const char *program)
{
	char candidate[4096];
	if (strchr(program, '/'))
		return access(program, X_OK) == 0;
	const char *path = getenv("PATH");
	for (const char *start = path ? path : "/usr/bin:/bin"; *start;) {
		const char *end = strchr(start, ':');
		size_t length = end ? (size_t)(end - start) : strlen(start);
		snprintf(candidate, sizeof candidate, "%.*s/%s", (int)length, start, program);
		if (access(candidate, X_OK) == 0)
			return 1;
		start += length + (end ? 1 : 0);
	}
	return 0;
}

#ifndef FINRST_SHIPPED_DIR
#define FINRST_SHIPPED_DIR "cases/external"
#endif

const char *shipped_files_directory(void)
{
	static char directory[4096];
	return data_directory_find("FINRST_SHIPPED_DIR", FINRST_SHIPPED_DIR, "external", directory, sizeof directory);
}
