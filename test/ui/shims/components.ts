// `@tarojs/components` for the jsdom tests. The package index imports itself in a loop
// under jest ("Cannot access '_index10' before initialization"); the React components
// one by one work. These are the ones the app and the NutUI components it uses render.
export { default as Button } from '@tarojs/components-react/dist/components/button/index.js';
export { default as Image } from '@tarojs/components-react/dist/components/image/index.js';
export { default as Input } from '@tarojs/components-react/dist/components/input/index.js';
export { default as ScrollView } from '@tarojs/components-react/dist/components/scroll-view/index.js';
export { default as Text } from '@tarojs/components-react/dist/components/text/index.js';
export { default as View } from '@tarojs/components-react/dist/components/view/index.js';
