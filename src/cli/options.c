/* Command-line options of `extract` and `outline`, and every help text. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "exit_codes.h"
#include "walk.h"

static const char general_help[] =
    "Usage: zhenggai COMMAND [OPTIONS] [ARGS]\n"
    "Turn Chinese rectification notices (整改进展情况通报) into structured records.\n"
    "\n"
    "Commands:\n"
    "  extract [OPTIONS] INPUT...   records as JSON, JSON Lines, XML or CSV (see extract --help)\n"
    "  outline [OPTIONS] FILE...    the heading tree of each notice, for reading\n"
    "  check-rules [DIR|FILE]       load rule files and report errors as FILE:LINE:COL\n"
    "  help [COMMAND]               this text, or a command's help\n"
    "\n"
    "Options:\n"
    "  -h, --help                   show help (also after a command: zhenggai extract --help)\n"
    "  -V, --version                show the version and the record schema version\n"
    "\n"
    "Exit codes:\n"
    "  0  success          1  internal error        2  usage error\n"
    "  3  some inputs failed (error records were written)\n"
    "  4  every input failed                        5  rule files could not be loaded\n"
    "  6  output could not be written (the batch stopped)\n"
    "  128+N  killed by signal N (temp files removed)\n"
    "\n"
    "Documentation: docs/cli.md, docs/record.md.\n";

static const char extract_help[] =
    "Usage: zhenggai extract [OPTIONS] INPUT...\n"
    "Extract one record per notice. INPUT is a file, a directory (searched recursively for\n"
    ".txt .htm .html .shtml .md .markdown, in sorted order) or - for standard input; with no\n"
    "INPUT, standard input is read when it is not a terminal.\n"
    "\n"
    "Output:\n"
    "  -f, --format NAME         json (default for one input), jsonl (default for several),\n"
    "                            xml, csv, csv-documents, csv-issues, csv-measures, csv-facts\n"
    "      --csv-table TABLE     with --format csv: documents, issues (default), measures, facts\n"
    "      --csv-bom             start CSV output with a UTF-8 byte order mark (for Excel)\n"
    "      --with-text           add the decoded text of each notice (\"text\")\n"
    "  -o, --output FILE|DIR     write to FILE (atomically: all or nothing), or, when DIR is an\n"
    "                            existing directory or ends in '/', one file per input mirroring\n"
    "                            the input tree: DIR/<relative path>.json (or .xml)\n"
    "      --resume              with -o DIR: skip inputs whose output file already exists\n"
    "      --dedupe              emit inputs with identical bytes once (duplicates are always\n"
    "                            reported on stderr; with --resume, skipped inputs still count)\n"
    "\n"
    "Input:\n"
    "      --input-format FMT    text, html or markdown (default: from extension and content);\n"
    "                            jsonl: read JSON Lines records {\"path\": ..., \"content\": ...}\n"
    "                            from standard input and write one JSON Lines record for each\n"
    "      --encoding NAME       force the input encoding (e.g. GB18030, Big5, UTF-16LE)\n"
    "      --include GLOB        in directories take only files matching GLOB (repeatable;\n"
    "                            replaces the extension filter); a GLOB with '/' is matched\n"
    "                            against the path relative to the directory ('*' does not\n"
    "                            match '/': one glob per level), else against the name\n"
    "      --exclude GLOB        skip files and directories matching GLOB (repeatable)\n"
    "      --max-input-bytes N   reject larger inputs (suffixes K, M, G; default 64M)\n"
    "      --rules DIR           rule files (default: $ZHENGGAI_RULES, else the installed rules)\n"
    "\n"
    "Batch:\n"
    "  -j, --jobs N              worker threads (default: number of online CPUs); the output\n"
    "                            order is the input order whatever N\n"
    "      --fail-fast           stop at the first input that fails\n"
    "  -q, --quiet               no progress bar and no summary line\n"
    "  -h, --help                show this help\n"
    "\n"
    "A failed input never stops the batch (unless --fail-fast): its error is reported on\n"
    "stderr as 'zhenggai: error: FILE: reason', JSON/JSONL/XML streams get an error record\n"
    "{\"source\": {\"path\": ...}, \"error\": {\"code\": ..., \"message\": ...}}, and the exit code\n"
    "is 3 (some failed) or 4 (all failed). See 'zhenggai --help' for all exit codes.\n"
    "\n"
    "Examples:\n"
    "  zhenggai extract notice.html\n"
    "  zhenggai extract -j4 archive/ > records.jsonl\n"
    "  zhenggai extract -o out/ --resume archive/\n"
    "  zhenggai extract --format csv --csv-table measures -o measures.csv archive/\n"
    "  zhenggai extract --input-format jsonl < records-in.jsonl > records-out.jsonl\n";

static const char outline_help[] =
    "Usage: zhenggai outline [OPTIONS] FILE...\n"
    "Print the heading tree (levels 1-3) of each notice as an indented outline. With several\n"
    "inputs each outline is preceded by '==> FILE <=='.\n"
    "\n"
    "Options: -o FILE, --rules DIR, --encoding NAME, --input-format text|html|markdown,\n"
    "--include GLOB, --exclude GLOB, --max-input-bytes N, -j N, --fail-fast, -q, -h\n"
    "(as for 'zhenggai extract --help').\n";

static const char check_rules_help[] =
    "Usage: zhenggai check-rules [DIR|FILE]\n"
    "Load and compile the rule files of DIR (default: $ZHENGGAI_RULES, else the installed\n"
    "rules) or one rule FILE. Prints the number of rules, or the first error as\n"
    "FILE:LINE:COL: error: MESSAGE and exits with 5.\n";

void cli_print_help(FILE *out, const char *command)
{
    if (command && strcmp(command, "extract") == 0) fputs(extract_help, out);
    else if (command && strcmp(command, "outline") == 0) fputs(outline_help, out);
    else if (command && strcmp(command, "check-rules") == 0) fputs(check_rules_help, out);
    else fputs(general_help, out);
}

static int usage(const char *command, const char *fmt, const char *arg)
{
    fprintf(stderr, "zhenggai: error: ");
    fprintf(stderr, fmt, arg);
    fprintf(stderr, "\nTry 'zhenggai %s --help'.\n", command);
    return ZG_EXIT_USAGE;
}

/* "64M", "1G", "1000" → bytes. */
static bool parse_size(const char *s, size_t *out)
{
    errno = 0;
    char *end;
    unsigned long long v = strtoull(s, &end, 10);
    if (errno || end == s || s[0] == '-') return false;
    unsigned long long mult = 1;
    if (*end == 'K' || *end == 'k') mult = 1ull << 10, end++;
    else if (*end == 'M' || *end == 'm') mult = 1ull << 20, end++;
    else if (*end == 'G' || *end == 'g') mult = 1ull << 30, end++;
    if (*end == 'i' && end[-1] != '\0' && mult > 1) end++;
    if (*end == 'B' || *end == 'b') end++;
    if (*end || v == 0 || v > (unsigned long long)SIZE_MAX / mult) return false;
    *out = (size_t)(v * mult);
    return true;
}

static bool parse_jobs(const char *s, int *out)
{
    errno = 0;
    char *end;
    long v = strtol(s, &end, 10);
    if (errno || end == s || *end || v < 0 || v > 1024) return false;
    *out = (int)v;
    return true;
}

static int online_cpus(void)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n < 1 ? 1 : n > 256 ? 256 : (int)n;
}

static bool is_directory(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

static bool is_csv(zg_format f)
{
    return f == ZG_FORMAT_CSV_DOCUMENTS || f == ZG_FORMAT_CSV_ISSUES || f == ZG_FORMAT_CSV_MEASURES ||
           f == ZG_FORMAT_CSV_FACTS;
}

/* Options that take a value; every other option is a switch. */
static bool takes_value(const char *name)
{
    static const char *const names[] = { "format", "output", "rules", "encoding", "input-format",
                                         "jobs", "include", "exclude", "csv-table",
                                         "max-input-bytes" };
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (strcmp(name, names[i]) == 0) return true;
    return false;
}

static const char *short_to_long(char c)
{
    switch (c) {
    case 'f': return "format";
    case 'o': return "output";
    case 'j': return "jobs";
    case 'q': return "quiet";
    case 'h': return "help";
    default: return NULL;
    }
}

/* Apply one option. Returns -1 to go on, or an exit code. */
static int apply(cli_options *opt, const char *name, const char *value, const char **format_name,
                 const char **csv_table)
{
    const char *cmd = opt->command;
    bool outline = strcmp(cmd, "outline") == 0;
    if (strcmp(name, "help") == 0) {
        cli_print_help(stdout, cmd);
        return fflush(stdout) == 0 && !ferror(stdout) ? ZG_EXIT_OK : ZG_EXIT_OUTPUT;
    }
    if (outline && (strcmp(name, "format") == 0 || strcmp(name, "csv-table") == 0 ||
                    strcmp(name, "csv-bom") == 0 || strcmp(name, "with-text") == 0 ||
                    strcmp(name, "resume") == 0 || strcmp(name, "dedupe") == 0))
        return usage(cmd, "option --%s is not available for outline", name);
    if (strcmp(name, "format") == 0) *format_name = value;
    else if (strcmp(name, "csv-table") == 0) *csv_table = value;
    else if (strcmp(name, "output") == 0) opt->output = value;
    else if (strcmp(name, "rules") == 0) opt->rules_dir = value;
    else if (strcmp(name, "encoding") == 0) opt->encoding = value;
    else if (strcmp(name, "input-format") == 0) {
        if (strcmp(value, "jsonl") == 0 && !outline) opt->filter_jsonl = true;
        else if (strcmp(value, "text") == 0 || strcmp(value, "html") == 0 || strcmp(value, "markdown") == 0)
            opt->input_format = value;
        else return usage(cmd, "unknown --input-format '%s' (text, html, markdown, jsonl)", value);
    } else if (strcmp(name, "jobs") == 0) {
        if (!parse_jobs(value, &opt->jobs)) return usage(cmd, "--jobs needs a number from 0 to 1024, not '%s'", value);
    } else if (strcmp(name, "max-input-bytes") == 0) {
        if (!parse_size(value, &opt->max_input_bytes))
            return usage(cmd, "--max-input-bytes needs a positive size such as 1000, 64K or 16M, not '%s'", value);
    } else if (strcmp(name, "include") == 0) opt->includes[opt->n_includes++] = value;
    else if (strcmp(name, "exclude") == 0) opt->excludes[opt->n_excludes++] = value;
    else if (strcmp(name, "with-text") == 0) opt->with_text = true;
    else if (strcmp(name, "quiet") == 0) opt->quiet = true;
    else if (strcmp(name, "fail-fast") == 0) opt->fail_fast = true;
    else if (strcmp(name, "resume") == 0) opt->resume = true;
    else if (strcmp(name, "dedupe") == 0) opt->dedupe = true;
    else if (strcmp(name, "csv-bom") == 0) opt->csv_bom = true;
    else return usage(cmd, "unknown option --%s", name);
    return -1;
}

/* Decide the output format from --format/--csv-table and the kind of output. */
static int settle_format(cli_options *opt, const char *format_name, const char *csv_table)
{
    const char *cmd = opt->command;
    if (strcmp(cmd, "outline") == 0) {
        opt->format = ZG_FORMAT_OUTLINE;
        return -1;
    }
    if (format_name) {
        char buf[64];
        if (strcmp(format_name, "csv") == 0) {
            snprintf(buf, sizeof buf, "csv-%s", csv_table ? csv_table : "issues");
            format_name = buf;
        } else if (csv_table) {
            return usage(cmd, "--csv-table goes with --format csv (got --format %s)", format_name);
        }
        if (zg_format_from_name(format_name, &opt->format) != ZG_OK || opt->format == ZG_FORMAT_OUTLINE) {
            if (csv_table && strncmp(format_name, "csv-", 4) == 0)
                return usage(cmd, "unknown --csv-table '%s' (documents, issues, measures, facts)", csv_table);
            return usage(cmd, "unknown --format '%s' (json, jsonl, xml, csv, csv-documents, csv-issues, "
                              "csv-measures, csv-facts)", format_name);
        }
        opt->format_given = true;
    } else if (csv_table) {
        return usage(cmd, "--csv-table goes with --format csv%s", "");
    } else if (opt->filter_jsonl || (opt->several && !opt->output_is_dir)) {
        opt->format = ZG_FORMAT_JSONL;
    } else {
        opt->format = ZG_FORMAT_JSON;
    }
    return -1;
}

/* Whether -o FILE is an existing file that the run would read as an input (1), 0 if not, -1 on
 * no memory. The output is renamed into place at the end: that would replace the input. */
static int output_is_input(const cli_options *opt)
{
    struct stat st;
    if (lstat(opt->output, &st) != 0 || !S_ISREG(st.st_mode)) return 0;
    walk_filter filter = { opt->includes, opt->n_includes, opt->excludes, opt->n_excludes };
    walk_scope *scope = walk_scope_create(opt->inputs, opt->n_inputs, &filter);
    if (!scope) return -1;
    int takes = walk_scope_takes(scope, opt->output, &st);
    walk_scope_free(scope);
    return takes;
}

/* Reject combinations that cannot work, with a message that says what to do instead. */
static int check_combinations(cli_options *opt)
{
    const char *cmd = opt->command;
    if (opt->filter_jsonl) {
        if (opt->n_inputs > 1 || (opt->n_inputs == 1 && strcmp(opt->inputs[0], "-") != 0))
            return usage(cmd, "--input-format jsonl reads standard input only%s", "");
        if (opt->output_is_dir) return usage(cmd, "--input-format jsonl writes one stream, not a directory (-o %s)", opt->output);
        if (opt->format != ZG_FORMAT_JSONL && !is_csv(opt->format))
            return usage(cmd, "--input-format jsonl writes jsonl or csv records%s", "");
    }
    if (opt->csv_bom && !is_csv(opt->format))   /* as --csv-table: ignoring it would hide a typo */
        return usage(cmd, "--csv-bom goes with a CSV format (--format csv, csv-documents ...)%s", "");
    if (opt->output_is_dir) {
        if (opt->format != ZG_FORMAT_JSON && opt->format != ZG_FORMAT_XML)
            return usage(cmd, "an output directory (-o %s) takes --format json or xml", opt->output);
        for (size_t i = 0; i < opt->n_inputs; i++)
            if (strcmp(opt->inputs[i], "-") == 0)
                return usage(cmd, "standard input (-) cannot be written to an output directory (-o %s)", opt->output);
    } else if (opt->resume) {
        return usage(cmd, "--resume needs an output directory (-o DIR/)%s", "");
    }
    if (opt->output && !opt->output_is_dir && !opt->filter_jsonl) {
        int takes = output_is_input(opt);
        if (takes < 0) {
            cli_error("out of memory");
            return ZG_EXIT_INTERNAL;
        }
        if (takes) return usage(cmd, "the output %s is one of the inputs, which are only ever read", opt->output);
    }
    if (opt->encoding && zg_encoding_from_name(opt->encoding, NULL) != ZG_OK)
        return usage(cmd, "unknown --encoding '%s' (e.g. UTF-8, GB18030, GBK, Big5, UTF-16LE)", opt->encoding);
    if (!opt->output_is_dir && opt->several && opt->format == ZG_FORMAT_XML)
        return usage(cmd, "several XML documents cannot share one stream: use -o DIR/ or --format jsonl%s", "");
    return -1;
}

int cli_parse_options(const char *command, int argc, char **argv, cli_options *opt)
{
    memset(opt, 0, sizeof *opt);
    opt->command = command;
    opt->inputs = calloc((size_t)argc + 1, sizeof *opt->inputs);
    opt->includes = calloc((size_t)argc + 1, sizeof *opt->includes);
    opt->excludes = calloc((size_t)argc + 1, sizeof *opt->excludes);
    if (!opt->inputs || !opt->includes || !opt->excludes) {
        cli_error("out of memory");
        return ZG_EXIT_INTERNAL;
    }
    const char *format_name = NULL, *csv_table = NULL;
    bool options_done = false;
    for (int i = 0; i < argc; i++) {
        char *arg = argv[i];
        if (options_done || arg[0] != '-' || strcmp(arg, "-") == 0) {
            opt->inputs[opt->n_inputs++] = arg;
            continue;
        }
        if (strcmp(arg, "--") == 0) {
            options_done = true;
            continue;
        }
        char name[64];
        const char *value = NULL;
        if (arg[1] == '-') {
            const char *eq = strchr(arg + 2, '=');
            size_t n = eq ? (size_t)(eq - arg - 2) : strlen(arg + 2);
            if (n >= sizeof name) return usage(command, "unknown option %s", arg);
            memcpy(name, arg + 2, n);
            name[n] = '\0';
            if (eq) value = eq + 1;
            if (eq && !takes_value(name)) return usage(command, "option --%s takes no value", name);
        } else {
            const char *lname = short_to_long(arg[1]);
            if (!lname) return usage(command, "unknown option %s", arg);
            snprintf(name, sizeof name, "%s", lname);
            if (arg[2]) {
                if (!takes_value(name)) return usage(command, "unknown option %s", arg);
                value = arg + 2;
            }
        }
        if (takes_value(name) && !value) {
            if (i + 1 >= argc) return usage(command, "option --%s needs a value", name);
            value = argv[++i];
        }
        int rc = apply(opt, name, value, &format_name, &csv_table);
        if (rc >= 0) return rc;
    }

    if (opt->n_inputs == 0 && !opt->filter_jsonl) {
        if (isatty(STDIN_FILENO)) return usage(command, "no input given (a file, a directory, or - for standard input)%s", "");
        opt->inputs[opt->n_inputs++] = (char *)"-";
    }
    if (opt->output && strcmp(opt->output, "-") == 0) opt->output = NULL;
    if (opt->output) {
        size_t n = strlen(opt->output);
        opt->output_is_dir = (n && opt->output[n - 1] == '/') || is_directory(opt->output);
    }
    opt->several = opt->filter_jsonl || opt->n_inputs > 1;
    for (size_t i = 0; i < opt->n_inputs && !opt->several; i++)
        if (is_directory(opt->inputs[i])) opt->several = true;
    if (opt->jobs == 0) opt->jobs = online_cpus();
    if (!opt->several) opt->jobs = 1; /* one document: no use for more scanners */
    if (!opt->rules_dir) opt->rules_dir = getenv("ZHENGGAI_RULES");
    if (!opt->rules_dir || !opt->rules_dir[0]) opt->rules_dir = zg_rules_default_dir();

    int rc = settle_format(opt, format_name, csv_table);
    if (rc >= 0) return rc;
    if (strcmp(command, "outline") == 0 && opt->output_is_dir)
        return usage(command, "outline writes one stream, not a directory (-o %s)", opt->output);
    return check_combinations(opt);
}

void cli_options_free(cli_options *opt)
{
    free(opt->inputs);
    free(opt->includes);
    free(opt->excludes);
    memset(opt, 0, sizeof *opt);
}
