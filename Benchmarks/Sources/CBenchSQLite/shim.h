#ifndef CBENCHSQLITE_SHIM_H
#define CBENCHSQLITE_SHIM_H
#include <sqlite3.h>
#endif
