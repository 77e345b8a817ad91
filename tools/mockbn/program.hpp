// The mockbn program as a function: its subcommands (study, sweep, merge,
// report) on a command line, over the installed catalog of variants
// (study/variants.hpp). tools/mockbn/main.cpp is the program on the
// registry's variants; a program of its own installs a catalog with its own
// transformations first (examples/study_your_transformation.cpp).
//
// Contract: mockbn_main(argc, argv) is the exit status main returns
// (program.cpp lists them); argv[1] names the subcommand.
#pragma once

int mockbn_main(int argc, char** argv);
