using System.Reflection;

namespace AuthKit.Emulator.Tests;

/// <summary>Where the tool built with this test project is (src/AuthKit.Emulator's output, same configuration).</summary>
internal static class EmulatorTool
{
    public static string DllPath { get; } = Locate();

    private static string Locate()
    {
        var configuration = typeof(EmulatorTool).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Release";
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "AuthKit.sln")))
            {
                var dll = Path.Combine(dir.FullName, "src", "AuthKit.Emulator", "bin", configuration, "net10.0", "AuthKit.Emulator.dll");
                Assert.True(File.Exists(dll), $"{dll} is missing: the test project builds the tool (ProjectReference)");
                return dll;
            }
        }

        throw new InvalidOperationException("AuthKit.sln not found above " + AppContext.BaseDirectory);
    }
}
