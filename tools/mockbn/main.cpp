// mockbn: the program for the library's main job, on the registry's variants (program.hpp).
#include "program.hpp"

int main(int argc, char** argv) { return mockbn_main(argc, argv); }
