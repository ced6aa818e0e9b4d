#include <iostream>

int main()
{
    std::cerr << "portico: not yet implemented\n";
    return 2;
}
