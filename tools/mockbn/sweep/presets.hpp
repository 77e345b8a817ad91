// The sweeps mockbn sweep ships, by name (--preset NAME): sweep files
// (docs/sweep.md, "The sweep file") kept in the program, so a documented
// experiment is one command on any machine.
//
//   findings  the conditions under which the original study's claims reproduce
//             (docs/findings.md): optimizer, learning rate, initialization,
//             the transformations' learning-rate scale and sharing, for every
//             variant (the original study's nine and the controls), 2 seeds, 15 epochs.
//             About 40 minutes on 2 cores.
//
// Contract: preset_text(name) is the preset's sweep file, or nullopt for a
// name that is not one; preset_names() lists them in that order.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sweep {

std::optional<std::string> preset_text(std::string_view name);
std::vector<std::string> preset_names();

}  // namespace sweep
