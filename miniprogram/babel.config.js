// babel-preset-taro compiles our sources; babel-plugin-import turns
// `import { Button } from '@nutui/nutui-react-taro'` into a deep import of that one
// component and its plain-CSS style, so only the components we use are bundled.
module.exports = {
  presets: [['taro', { framework: 'react', ts: true, compiler: 'webpack5' }]],
  plugins: [
    [
      'import',
      {
        libraryName: '@nutui/nutui-react-taro',
        camel2DashComponentName: false,
        // 3.0.20 ships dist/es/packages/<name>/ and style/css (the English docs' dist/esm paths do not exist).
        customName: (name) => `@nutui/nutui-react-taro/dist/es/packages/${name.toLowerCase()}`,
        customStyleName: (name) => `@nutui/nutui-react-taro/dist/es/packages/${name.toLowerCase()}/style/css`,
      },
      'nutui-react-taro',
    ],
  ],
};
