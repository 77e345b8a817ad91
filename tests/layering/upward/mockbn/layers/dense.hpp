// A fixture for the layering check: what the core fixture reaches up to.
#pragma once
