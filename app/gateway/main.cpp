#include <iostream>

int main()
{
    std::cerr << "portico-gateway: not yet implemented\n";
    return 2;
}
