// The study's command line: what --help lists, turned into checked options.
// The sweep (tools/mockbn/sweep) parses each of its configurations through the
// same parse(), and lists the same options in its --help.
#pragma once

#include <cstddef>
#include <stdexcept>
#include <string>
#include <vector>

#include "options.hpp"

namespace CLI {
class App;
}

namespace study {

// A command line the study refuses; the message names the option.
class usage_error : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

struct command {
    options given;       // checked, unless resuming (then only the options that may go with --resume)
    std::string resume;  // --resume DIR: continue that folder's run with its own options
    bool threads_given = false, data_dir_given = false;
};

// Parses the arguments (the program's name left out) without reading any
// file; throws usage_error for a bad option or value. --help prints the list
// and exits with 0. Only --threads, --data-dir and --allow-kernel-change may
// go with --resume. The data folder comes back absolute.
command parse(const std::vector<std::string>& arguments);

// parse() of a program's command line: a bad option or value prints one line
// naming it and exits with 2.
command parse(int argc, char** argv);

// Parses `arguments` (the program's name left out) into a CLI11 app: --help
// prints its list and exits with 0; a bad option or value throws usage_error.
void parse_into(CLI::App& app, const std::vector<std::string>& arguments);

// A whole-number option, in decimal digits alone: a leading zero is dropped,
// anything else is a usage_error naming `flag`.
void add_count(CLI::App& app, const char* flag, std::size_t& value, const std::string& help);

// The entries of `text` between `separator`s; an empty one is a usage_error naming `flag`.
std::vector<std::string> split(const std::string& text, char separator, const std::string& flag);

// The options --help lists, in its order: each flag, its description and
// its default as --help shows it ("" for none).
struct option_help {
    std::string flag, description, default_text;
};
std::vector<option_help> option_helps();

// The options this invocation runs with: the command line's, or, for
// --resume DIR (call it with the folder locked), DIR/plan.json with this
// command's --threads, --data-dir and --allow-kernel-change, checked like a
// command line; a problem is a refusal (status 2) naming the option.
options resolve(const command& c);

}  // namespace study
