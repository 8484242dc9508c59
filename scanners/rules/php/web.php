<?php

function greet()
{
    $name = $_GET['name'];
    // ruleid: php.lang.xss-echo-taint
    echo "<p>Hello " . $name . "</p>";
    // ok: php.lang.xss-echo-taint
    echo "<p>Hello " . htmlspecialchars($name, ENT_QUOTES, 'UTF-8') . "</p>";
    // ok: php.lang.xss-echo-taint
    echo "<p>Welcome</p>";
}

function search()
{
    // ruleid: php.lang.xss-echo-taint
    print "Results for " . $_POST['q'];
}

function back()
{
    $next = $_GET['next'];
    // ruleid: php.lang.open-redirect-taint
    header("Location: " . $next);
    // ok: php.lang.open-redirect-taint
    header("Location: /dashboard");
    // ok: php.lang.open-redirect-taint
    header("X-Requested: " . $next);
}

function download()
{
    $name = $_GET['file'];
    // ruleid: php.lang.path-traversal-taint
    readfile("/var/www/uploads/" . $name);
    // ok: php.lang.path-traversal-taint
    readfile("/var/www/uploads/" . basename($name));
    // ruleid: php.lang.path-traversal-taint
    return file_get_contents($_REQUEST['path']);
}
