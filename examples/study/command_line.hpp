// The study's command line: what --help lists, turned into checked options.
#pragma once

#include "options.hpp"

namespace study {

// Parses the command line. --help prints the list and exits with 0. A bad
// option or value prints one line naming it and exits with 2; so does a bad
// options.json behind --resume DIR, which continues that folder's run with
// its own options (only --threads, --data-dir and --allow-kernel-change may
// be given with it). The data folder comes back absolute.
options parse(int argc, char** argv);

}  // namespace study
