<?php

function ping()
{
    $host = $_GET['host'];
    // ruleid: php.lang.command-injection-taint
    system("ping -c 1 " . $host);
    // ok: php.lang.command-injection-taint
    system("ping -c 1 " . escapeshellarg($host));
    // ok: php.lang.command-injection-taint
    exec("uptime");
}

function lines()
{
    // ruleid: php.lang.command-injection-taint
    return shell_exec("wc -l " . $_POST['file']);
}

function calc()
{
    $expr = $_REQUEST['expr'];
    // ruleid: php.lang.code-injection-taint
    $result = eval("return " . $expr . ";");
    // ok: php.lang.code-injection-taint
    $numbers = json_decode($expr, true);
    return [$result, $numbers];
}

function user($conn, $pdo)
{
    $name = $_GET['name'];
    // ruleid: php.lang.sqli-taint
    $rows = mysqli_query($conn, "SELECT * FROM users WHERE name = '" . $name . "'");
    // ruleid: php.lang.sqli-taint
    $more = $pdo->query("SELECT * FROM orders WHERE owner = '$name'");
    $id = intval($_GET['id']);
    // ok: php.lang.sqli-taint
    $one = mysqli_query($conn, "SELECT * FROM users WHERE id = " . $id);
    $statement = $pdo->prepare("SELECT * FROM users WHERE name = ?");
    // ok: php.lang.sqli-taint
    $statement->execute([$name]);
    return [$rows, $more, $one];
}

function page()
{
    $page = $_GET['page'];
    // ruleid: php.lang.file-inclusion-taint
    include $page . ".php";
    $pages = ['home' => 'home.php', 'about' => 'about.php'];
    // ok: php.lang.file-inclusion-taint
    include 'templates/header.php';
    return $pages;
}

function restore()
{
    // ruleid: php.lang.unserialize-taint
    $cart = unserialize($_COOKIE['cart']);
    // ok: php.lang.unserialize-taint
    $safe = unserialize($_COOKIE['cart'], ['allowed_classes' => false]);
    // ok: php.lang.unserialize-taint
    $json = json_decode($_COOKIE['cart'], true);
    return [$cart, $safe, $json];
}
